import assert from 'node:assert/strict';
import { buildAgendaDigest } from '../bot/domain/werkgroep/agenda-digest';
import { meetingCalendar } from '../bot/domain/werkgroep/meeting-calendar';

describe('werkgroep: agenda digest and meeting calendar', () => {
  it('counts open and overdue actions and goals mostly behind, next to the signal counts', () => {
    const digest = buildAgendaDigest({
      signals: { newSinceLastMeeting: 2, open: 2 },
      actions: [
        { status: 'open', dueOn: '2027-02-01' },
        { status: 'open', dueOn: '2027-03-01' },
        { status: 'done', dueOn: '2027-01-01' },
      ],
      lastRound: {
        round: {
          goals: [
            { id: 'goal:1', number: 1, title: 'Handelingskader' },
            { id: 'goal:2', number: 2, title: 'Informatiebeeld' },
          ],
        } as never,
        answers: [
          {
            goals: [
              { goalId: 'goal:1', status: 'behind' },
              { goalId: 'goal:2', status: 'on-track' },
            ],
          },
          {
            goals: [
              { goalId: 'goal:1', status: 'needs-adjusting' },
              { goalId: 'goal:2', status: 'behind' },
            ],
          },
        ] as never,
      },
      now: new Date('2027-02-15T09:00:00Z'),
    });
    assert.deepEqual(digest, {
      newSignalsSinceLastMeeting: 2,
      openSignals: 2,
      openActions: 2,
      overdueActions: 1,
      goalsBehind: ['Handelingskader'],
    });
  });

  it('writes an iCalendar series at 14:00 Amsterdam time with the rule, escaped and folded', () => {
    const ics = meetingCalendar(
      {
        uid: 'werkgroep-meetings@daadkracht',
        title: 'Werkgroep ondermijning; kwartaal, herijking',
        firstDate: '2027-01-12',
        startTime: '14:00',
        durationMinutes: 90,
        rrule: 'FREQ=MONTHLY;BYDAY=2TU',
        location:
          'Raadzaal, gemeentehuis (en via Teams) — een lange locatienaam die zeker over de vijfenzeventig tekens gaat',
      },
      new Date('2027-01-01T00:00:00Z'),
    );
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /DTSTART;TZID=Europe\/Amsterdam:20270112T140000\r\n/);
    assert.match(ics, /DTEND;TZID=Europe\/Amsterdam:20270112T153000\r\n/);
    assert.match(ics, /RRULE:FREQ=MONTHLY;BYDAY=2TU\r\n/);
    assert.match(ics, /SUMMARY:Werkgroep ondermijning\\; kwartaal\\, herijking\r\n/);
    assert.match(ics, /TZID:Europe\/Amsterdam/);
    for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
    assert.match(ics, /\r\n /, 'a long line is folded');
  });
});
