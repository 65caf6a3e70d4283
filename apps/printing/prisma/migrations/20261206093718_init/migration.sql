-- CreateTable
CREATE TABLE "store_settings" (
    "store_id" TEXT NOT NULL,
    "print_mode" TEXT NOT NULL DEFAULT 'RELEASE_AT_KIOSK',
    "print_ahead_minutes" INTEGER NOT NULL DEFAULT 15,
    "retry_limit" INTEGER NOT NULL DEFAULT 2,
    "retention_hours" INTEGER NOT NULL DEFAULT 24,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_settings_pkey" PRIMARY KEY ("store_id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" TEXT NOT NULL,
    "store_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_hint" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kiosk_attempts" (
    "id" BIGSERIAL NOT NULL,
    "device_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kiosk_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_reservations" (
    "id" TEXT NOT NULL,
    "store_id" TEXT NOT NULL,
    "store_name" TEXT NOT NULL,
    "store_time_zone" TEXT NOT NULL,
    "customer_name" TEXT NOT NULL,
    "slot_starts_at" TIMESTAMPTZ(3) NOT NULL,
    "slot_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "pickup_code_hash" TEXT NOT NULL,
    "purge_after" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "released_at" TIMESTAMPTZ(3),
    "refunded_at" TIMESTAMPTZ(3),
    "purged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "print_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_jobs" (
    "id" TEXT NOT NULL,
    "reservation_id" TEXT NOT NULL,
    "store_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "pages" INTEGER NOT NULL,
    "copies" INTEGER NOT NULL,
    "color_mode" TEXT NOT NULL,
    "duplex" BOOLEAN NOT NULL,
    "paper_size" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'HELD',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "dispatch_at" TIMESTAMPTZ(3),
    "device_id" TEXT,
    "attempt_acknowledged" BOOLEAN NOT NULL DEFAULT false,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "impressions_paid" INTEGER NOT NULL,
    "impressions_printed" INTEGER NOT NULL DEFAULT 0,
    "impressions_current" INTEGER NOT NULL DEFAULT 0,
    "printer_uri" TEXT,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "print_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_job_events" (
    "job_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "device_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "impressions_completed" INTEGER NOT NULL,
    "printer_uri" TEXT NOT NULL,
    "printer_job_id" INTEGER,
    "message" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "print_job_events_pkey" PRIMARY KEY ("job_id","seq")
);

-- CreateTable
CREATE TABLE "printer_statuses" (
    "device_id" TEXT NOT NULL,
    "printer_uri" TEXT NOT NULL,
    "store_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "accepting_jobs" BOOLEAN NOT NULL,
    "document_formats" JSONB NOT NULL DEFAULT '[]',
    "agent_version" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "printer_statuses_pkey" PRIMARY KEY ("device_id","printer_uri")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_events" (
    "consumer" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "devices_token_hash_key" ON "devices"("token_hash");

-- CreateIndex
CREATE INDEX "devices_store_id_created_at_idx" ON "devices"("store_id", "created_at");

-- CreateIndex
CREATE INDEX "kiosk_attempts_device_id_at_idx" ON "kiosk_attempts"("device_id", "at");

-- CreateIndex
CREATE INDEX "print_reservations_store_id_pickup_code_hash_idx" ON "print_reservations"("store_id", "pickup_code_hash");

-- CreateIndex
CREATE INDEX "print_reservations_status_purge_after_idx" ON "print_reservations"("status", "purge_after");

-- CreateIndex
CREATE INDEX "print_jobs_store_id_status_idx" ON "print_jobs"("store_id", "status");

-- CreateIndex
CREATE INDEX "print_jobs_status_dispatch_at_idx" ON "print_jobs"("status", "dispatch_at");

-- CreateIndex
CREATE UNIQUE INDEX "print_jobs_reservation_id_item_id_key" ON "print_jobs"("reservation_id", "item_id");

-- CreateIndex
CREATE INDEX "printer_statuses_store_id_idx" ON "printer_statuses"("store_id");

-- CreateIndex
CREATE INDEX "outbox_events_status_available_at_idx" ON "outbox_events"("status", "available_at");

-- CreateIndex
CREATE INDEX "outbox_events_sent_at_idx" ON "outbox_events"("sent_at");

-- CreateIndex
CREATE INDEX "inbox_events_received_at_idx" ON "inbox_events"("received_at");

-- AddForeignKey
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "print_reservations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "print_job_events" ADD CONSTRAINT "print_job_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "print_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
