// Which Print-Job a booking becomes on a given printer (pure rules).
import { planPrint } from "../src/agent/job-template";
import type { AgentJob } from "../src/cloud/protocol";
import { ValueTag } from "../src/ipp/codes";
import { attr, type IppAttribute } from "../src/ipp/encoding";

const job: AgentJob = {
  jobId: "j",
  reservationId: "r",
  documentUrl: "/d",
  fileName: "f.pdf",
  pages: 2,
  copies: 1,
  colorMode: "monochrome",
  duplex: false,
  paperSize: "A4",
  attempt: 1,
};

function printer(over: Partial<Record<string, IppAttribute>> = {}): Map<string, IppAttribute> {
  const base: Record<string, IppAttribute> = {
    "document-format-supported": attr(ValueTag.MimeMediaType, "document-format-supported", "application/octet-stream", "application/pdf"),
    "copies-supported": attr(ValueTag.RangeOfInteger, "copies-supported", { lower: 1, upper: 99 }),
    "sides-supported": attr(ValueTag.Keyword, "sides-supported", "one-sided", "two-sided-long-edge"),
    "print-color-mode-supported": attr(ValueTag.Keyword, "print-color-mode-supported", "monochrome", "color"),
    "media-supported": attr(ValueTag.Keyword, "media-supported", "iso_a4_210x297mm", "na_letter_8.5x11in"),
  };
  return new Map(Object.entries({ ...base, ...over }).filter(([, v]) => v) as [string, IppAttribute][]);
}

const names = (plan: ReturnType<typeof planPrint>) =>
  plan.ok ? Object.fromEntries(plan.template.map((a) => [a.name, a.values[0]])) : plan.reasons;

test("a booking maps onto PDF with copies, sides, colour and media", () => {
  expect(names(planPrint({ ...job, copies: 3, duplex: true, colorMode: "color" }, printer()))).toEqual({
    copies: 3,
    sides: "two-sided-long-edge",
    "print-color-mode": "color",
    media: "iso_a4_210x297mm",
  });
});

test("one copy, one-sided monochrome are sent explicitly where the printer names them", () => {
  expect(names(planPrint(job, printer()))).toEqual({ sides: "one-sided", "print-color-mode": "monochrome", media: "iso_a4_210x297mm" });
});

test("what the printer cannot do fails the job with every reason at once", () => {
  const plan = planPrint(
    { ...job, copies: 200, duplex: true, colorMode: "color", paperSize: "A3" },
    printer({
      "document-format-supported": attr(ValueTag.MimeMediaType, "document-format-supported", "image/pwg-raster"),
      "sides-supported": attr(ValueTag.Keyword, "sides-supported", "one-sided"),
      "print-color-mode-supported": attr(ValueTag.Keyword, "print-color-mode-supported", "monochrome"),
    }),
  );
  expect(plan).toEqual({
    ok: false,
    reasons: [
      "document-format-not-supported",
      "copies-not-supported",
      "sides-not-supported",
      "print-color-mode-not-supported",
      "media-not-supported",
    ],
  });
});

test("an unknown paper name fails; a PWG media name passes through", () => {
  expect(planPrint({ ...job, paperSize: "Tabloid-ish" }, printer())).toEqual({ ok: false, reasons: ["media-not-supported"] });
  expect(names(planPrint({ ...job, paperSize: "na_letter_8.5x11in" }, printer()))).toMatchObject({ media: "na_letter_8.5x11in" });
});
