import assert from 'node:assert/strict';
import { occurrenceClaimId } from '../../bot/scheduling/schedule';
import { herijkingSchedule, scheduleRepository, TENANT, weeklyReminder } from './scheduling-fixtures';

describe('Cosmos schedule repository', () => {
  it('claims an occurrence once: the second create of the same id is refused (409)', async () => {
    const repository = await scheduleRepository();
    const at = new Date('2027-01-04T08:00:00Z');
    const claim = {
      id: occurrenceClaimId('schedule:x', at),
      type: 'occurrence-claim' as const,
      tenantId: TENANT,
      scheduleId: 'schedule:x',
      kind: 'herijking-open',
      occurrenceAt: at.toISOString(),
      status: 'running' as const,
      leaseUntil: at.toISOString(),
      attempts: 1,
      claimedAt: at.toISOString(),
    };
    assert.ok(claim.id.startsWith('occurrence:'));
    assert.notEqual(claim.id, occurrenceClaimId('schedule:x', new Date('2027-04-01T07:00:00Z')));
    const first = await repository.createClaim(claim);
    assert.ok(first?._etag);
    assert.equal(await repository.createClaim({ ...claim, attempts: 99 }), undefined);
    assert.equal((await repository.findClaim(TENANT, claim.id))?.attempts, 1);
  });

  it('finds only due schedules, across tenants, and never one whose rule ended', async () => {
    const repository = await scheduleRepository();
    const created = new Date('2027-01-01T00:00:00Z');
    await repository.create(herijkingSchedule(created));
    await repository.create({ ...weeklyReminder(created), tenantId: 'tenant-gemeente-b' });
    await repository.create({ ...weeklyReminder(created, 'later'), nextCheckAt: '2027-02-01T00:00:00.000Z' });
    await repository.create({ ...weeklyReminder(created, 'ended'), nextCheckAt: null });
    assert.equal(await repository.create(herijkingSchedule(created)), false, 'ids are unique per tenant');
    const due = await repository.findDue(new Date('2027-01-02T00:00:00Z'), 10);
    assert.deepEqual(due.map((schedule) => `${schedule.tenantId}/${schedule.id}`).sort(), [
      'tenant-gemeente-a/schedule:herijking-open',
      'tenant-gemeente-b/schedule:weekly-reminder',
    ]);
  });

  it('replaces a schedule only with its current ETag', async () => {
    const repository = await scheduleRepository();
    await repository.create(herijkingSchedule(new Date('2027-01-01T00:00:00Z')));
    const read = await repository.find(TENANT, 'schedule:herijking-open');
    assert.ok(read);
    const { _etag, ...body } = read;
    assert.equal(await repository.replaceIfUnchanged(read, { ...body, lastOccurrenceAt: 'a' }), true);
    assert.equal(await repository.replaceIfUnchanged(read, { ...body, lastOccurrenceAt: 'b' }), false);
    assert.equal((await repository.find(TENANT, 'schedule:herijking-open'))?.lastOccurrenceAt, 'a');
  });
});
