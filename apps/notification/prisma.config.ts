import { defineConfig } from "prisma/config";
import { servicePrismaConfig } from "@preprint/prisma-migrate-offline/lib/prisma-config.mjs";

// schema, migrations, DATABASE_URL and the offline CLI settings: packages/prisma-migrate-offline/lib/prisma-config.mjs
export default defineConfig(servicePrismaConfig());
