-- AlterTable
ALTER TABLE "reservations" ADD COLUMN     "made_to_order_consent_at" TIMESTAMPTZ(3),
ADD COLUMN     "made_to_order_consent_text" TEXT,
ADD COLUMN     "made_to_order_consent_version" TEXT;
