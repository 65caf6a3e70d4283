-- CreateTable
CREATE TABLE "portone_call_gates" (
    "payment_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "called_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portone_call_gates_pkey" PRIMARY KEY ("payment_id","purpose")
);

-- CreateIndex
CREATE INDEX "portone_call_gates_called_at_idx" ON "portone_call_gates"("called_at");
