// Which IPP request prints a job as it was paid for, given what the printer says it supports.
// Pure: no I/O. When the printer cannot print the job as booked (duplex on a one-sided printer,
// colour on a mono printer, a paper size it lacks) the job fails with a reason instead of being
// printed differently from what the customer paid for.
import type { AgentJob } from "../cloud/protocol";
import { ValueTag } from "../ipp/codes";
import { attr, stringValues, type IppAttribute, type IppRange } from "../ipp/encoding";

/** The booking's paper names → PWG media names (PWG 5101.1). A PWG name passes through. */
const MEDIA: Record<string, string> = {
  a3: "iso_a3_297x420mm",
  a4: "iso_a4_210x297mm",
  a5: "iso_a5_148x210mm",
  b4: "jis_b4_257x364mm",
  b5: "jis_b5_182x257mm",
  letter: "na_letter_8.5x11in",
  legal: "na_legal_8.5x14in",
};

export const PDF = "application/pdf";

export type PrintPlan = { ok: true; documentFormat: string; template: IppAttribute[] } | { ok: false; reasons: string[] };

export function mediaName(paperSize: string): string | undefined {
  if (paperSize.includes("_")) return paperSize;
  return MEDIA[paperSize.trim().toLowerCase()];
}

export function planPrint(job: AgentJob, printer: Map<string, IppAttribute>): PrintPlan {
  const reasons: string[] = [];
  const template: IppAttribute[] = [];
  const has = (name: string) => printer.has(name);

  const formats = stringValues(printer, "document-format-supported");
  if (!formats.includes(PDF)) reasons.push("document-format-not-supported");

  if (job.copies > 1) {
    const range = printer.get("copies-supported")?.values[0] as IppRange | undefined;
    if (!range || typeof range !== "object" || job.copies > range.upper) reasons.push("copies-not-supported");
    else template.push(attr(ValueTag.Integer, "copies", job.copies));
  }

  const sides = stringValues(printer, "sides-supported");
  if (job.duplex) {
    if (!sides.includes("two-sided-long-edge")) reasons.push("sides-not-supported");
    else template.push(attr(ValueTag.Keyword, "sides", "two-sided-long-edge"));
  } else if (sides.includes("one-sided")) {
    template.push(attr(ValueTag.Keyword, "sides", "one-sided"));
  }

  const colorModes = stringValues(printer, "print-color-mode-supported");
  if (job.colorMode === "color") {
    if (!colorModes.includes("color")) reasons.push("print-color-mode-not-supported");
    else template.push(attr(ValueTag.Keyword, "print-color-mode", "color"));
  } else if (colorModes.includes("monochrome")) {
    template.push(attr(ValueTag.Keyword, "print-color-mode", "monochrome"));
  }

  const media = mediaName(job.paperSize);
  const mediaSupported = stringValues(printer, "media-supported");
  if (!media) reasons.push("media-not-supported");
  else if (has("media-supported") && !mediaSupported.includes(media)) reasons.push("media-not-supported");
  else template.push(attr(ValueTag.Keyword, "media", media));

  return reasons.length ? { ok: false, reasons } : { ok: true, documentFormat: PDF, template };
}
