#!/bin/sh
echo "The native Prisma schema engine is not used here: run prisma-wasm-migrate (packages/prisma-migrate-offline)" >&2
exit 1
