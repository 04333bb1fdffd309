/** What Wim answers for each of the four goals in the simulated herijking years. */
export const ON_TRACK_ANSWER = Object.fromEntries(
  [1, 2, 3, 4].flatMap((goal) => [
    [`${goal}.status`, 'on-track'],
    [`${goal}.explanation`, 'Loopt volgens planning, zie het verslag van de werkgroep.'],
  ]),
);

/** Every calendar date from `first` to `last`, yyyy-mm-dd. */
export function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`); ) {
    dates.push(day.toISOString().slice(0, 10));
    day = new Date(day.getTime() + 86_400_000);
  }
  return dates;
}
