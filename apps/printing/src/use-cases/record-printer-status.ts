import { savePrinterStatus } from "../db/printer-status";
import type { DevicePrincipal } from "./authenticate-device";
import type { Deps } from "./deps";

export interface PrinterStatusInput {
  printerUri: string;
  state: string;
  reasons: string[];
  acceptingJobs: boolean;
  documentFormats: string[];
  at: string;
  agentVersion?: string;
}

/** The latest report per (agent, printer); a heartbeat older than what is stored is dropped. */
export async function recordPrinterStatus(deps: Deps, agent: DevicePrincipal, s: PrinterStatusInput): Promise<void> {
  await savePrinterStatus(deps.prisma, {
    deviceId: agent.deviceId,
    storeId: agent.storeId,
    printerUri: s.printerUri,
    state: s.state,
    reasons: s.reasons,
    acceptingJobs: s.acceptingJobs,
    documentFormats: s.documentFormats,
    agentVersion: s.agentVersion ?? null,
    at: new Date(s.at),
  });
}
