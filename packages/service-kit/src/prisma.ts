/**
 * The one transaction-client type every service uses. A use case opens the transaction
 * (`prisma.$transaction(async (tx) => …)`) and hands `tx` to the db/ functions, which take `Tx`:
 *
 *   // src/db/client.ts
 *   export type Tx = TransactionClient<PrismaClient>;
 *
 * It is the generated client without the members a transaction cannot use: connecting, events,
 * extensions and nested interactive transactions. Prisma's own `Prisma.TransactionClient` (what
 * `$transaction` passes to its callback) is assignable to it, and so is the full client, so a db/
 * function that takes `Tx` can run inside the caller's transaction or on its own.
 */
export type TransactionClient<Client> = Omit<Client, "$connect" | "$disconnect" | "$on" | "$use" | "$extends" | "$transaction">;

/** What the service skeleton needs of a generated Prisma client: a readiness probe and a disconnect. */
export interface DatabaseClient {
  $queryRawUnsafe(query: string, ...values: unknown[]): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export interface DatabaseSpec<Client extends DatabaseClient> {
  /** the service's own database, e.g. `config.NOTIFICATION_DATABASE_URL` */
  url: string;
  /** the service's generated client, e.g. `createPrisma` from src/db/client.ts */
  createClient(url: string): Client;
}
