export declare const NO_SCHEMA_ENGINE: string;
export declare function servicePrismaConfig(): {
  schema: string;
  migrations: { path: string };
  datasource: { url: string };
};
