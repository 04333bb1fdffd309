/**
 * An iCalendar file (RFC 5545) for the werkgroep's meeting series, so members put every meeting
 * in their Outlook calendar at once. Wall-clock times in Europe/Amsterdam with a VTIMEZONE, so a
 * 14:00 meeting stays at 14:00 across daylight saving changes.
 */
export interface MeetingSeries {
  uid: string;
  title: string;
  /** The first meeting's local date and time: yyyy-mm-dd and HH:MM in Europe/Amsterdam. */
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  /** The RRULE value, e.g. FREQ=MONTHLY;BYDAY=2TU. */
  rrule: string;
  location?: string;
}

const AMSTERDAM_TIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Amsterdam',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function meetingCalendar(series: MeetingSeries, generatedAt: Date): string {
  const local = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
  const [hours, minutes] = series.startTime.split(':').map(Number) as [number, number];
  const end = hours * 60 + minutes + series.durationMinutes;
  const endTime = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  const stamp = `${generatedAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Daadkracht//Werkgroep ondermijning//NL',
    'CALSCALE:GREGORIAN',
    ...AMSTERDAM_TIMEZONE,
    'BEGIN:VEVENT',
    `UID:${series.uid}`,
    `DTSTAMP:${stamp}`,
    `SUMMARY:${escapeText(series.title)}`,
    `DTSTART;TZID=Europe/Amsterdam:${local(series.firstDate, series.startTime)}`,
    `DTEND;TZID=Europe/Amsterdam:${local(series.firstDate, endTime)}`,
    `RRULE:${series.rrule}`,
    ...(series.location ? [`LOCATION:${escapeText(series.location)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** RFC 5545 text escaping: backslash, semicolon, comma and newlines. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded with CRLF + space. */
function fold(line: string): string {
  const parts: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 75;
    while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  parts.push(rest);
  return parts.join('\r\n');
}
