import type { FeedOptions, QueryIterator } from '@azure/cosmos';

/**
 * The parts of the SDK's QueryIterator this relies on (private in @azure/cosmos 4.9.3 and 4.10.1).
 * Every query (fetchAll, fetchNext, the async iterator) starts `fetchQueryPlan` beside the query
 * itself and keeps its promise in `queryPlanPromise`; the plan is read only by
 * `createExecutionContext`, which runs when the store refuses the query for want of a plan
 * (`needsQueryPlan`) or when `forceQueryPlan` asks for the plan's path from the start.
 */
interface PlanningIterator {
  queryPlanPromise?: Promise<unknown>;
  resourceType?: unknown;
  fetchQueryPlan(diagnosticNode: unknown): Promise<unknown>;
  createExecutionContext(diagnosticNode: unknown): Promise<void>;
  needsQueryPlan(error: unknown): boolean;
}

/** What a plan promise holds until the plan is asked for: anything that reads it fails loudly. */
const NOT_ASKED_FOR = new Error('the query plan is fetched only when the store asks for one');

/**
 * A query scoped to one partition key is executed wholly by that partition on Azure Cosmos DB, so
 * the plan the SDK asks the gateway for beside every query (a second request, ~0.5 ms of the
 * bot's CPU, RUs on Azure) is never used for it. For such a query the plan is asked for only when
 * the store refuses the query for want of one, as the SDK then does anyway: the SDK's own path
 * (needsQueryPlan → createExecutionContext → the pipelined query with the plan) runs unchanged,
 * one round trip later. Cross-partition queries, and queries that force the plan, are left as
 * they are. If the iterator is not of the shape this knows (an SDK upgrade), nothing is changed:
 * the SDK asks for its plan as before (test/query-plan-when-refused.test.ts notices either way).
 */
export function askForQueryPlanOnlyWhenRefused<T>(
  iterator: QueryIterator<T>,
  options: FeedOptions | undefined,
): QueryIterator<T> {
  if (options?.partitionKey === undefined || options.forceQueryPlan === true) return iterator;
  const planning = iterator as unknown as PlanningIterator;
  if (!hasPlanningShape(planning)) return iterator;
  const fetchQueryPlan = planning.fetchQueryPlan;
  const createExecutionContext = planning.createExecutionContext;
  let asked: Promise<unknown> | undefined;
  planning.fetchQueryPlan = () => asked ?? Promise.resolve(NOT_ASKED_FOR);
  planning.createExecutionContext = (diagnosticNode) => {
    if (!asked) {
      // The SDK's own request for the plan starts only while no plan promise is kept.
      planning.queryPlanPromise = undefined;
      const plan = fetchQueryPlan.call(planning, diagnosticNode);
      asked = plan;
      // A plan request that failed may be asked again by a later fetch of this iterator.
      void plan.then((result) => {
        if (result instanceof Error && asked === plan) asked = undefined;
      });
    }
    planning.queryPlanPromise = asked;
    return createExecutionContext.call(planning, diagnosticNode);
  };
  return iterator;
}

function hasPlanningShape(iterator: PlanningIterator): boolean {
  return (
    iterator.resourceType === 'docs' &&
    'queryPlanPromise' in iterator &&
    typeof iterator.fetchQueryPlan === 'function' &&
    typeof iterator.createExecutionContext === 'function' &&
    typeof iterator.needsQueryPlan === 'function'
  );
}
