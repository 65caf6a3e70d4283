import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { AppError, parseWith } from "@preprint/service-kit";
import { signupBody } from "../accounts/schemas";
import { cliAccounts } from "./common";

const USAGE = `usage: pnpm --filter @preprint/gateway create-staff --email <e-mail> --store <storeId> [--name <name>] [--phone <010…>]
  The password is read from STAFF_PASSWORD; without it a random one is generated and printed once.
  Uses GATEWAY_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/preprint_gateway).`;

/** Creates a staff account that belongs to one store (staff cannot sign up through the API). */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      store: { type: "string" },
      name: { type: "string" },
      phone: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: false,
  });
  if (values.help || !values.email || !values.store) {
    process.stderr.write(USAGE + "\n");
    return values.help ? 0 : 2;
  }
  const generated = !process.env.STAFF_PASSWORD;
  const password = process.env.STAFF_PASSWORD ?? randomBytes(12).toString("base64url");
  const body = parseWith(signupBody, {
    email: values.email,
    password,
    name: values.name ?? "매장 직원",
    phone: values.phone ?? "010-0000-0000",
  });
  const { prisma, accounts } = cliAccounts();
  try {
    const user = await accounts.createUser(body, "STAFF", values.store);
    process.stdout.write(`created staff ${user.email} (${user.id}) for store ${values.store}\n`);
    if (generated) process.stdout.write(`password: ${password}\n(shown once; set STAFF_PASSWORD to choose one)\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`${e.code}: ${e.detail}\n`);
      return 1;
    }
    throw e;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof AppError ? `${err.code}: ${err.detail}` : err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
