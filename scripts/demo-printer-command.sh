#!/bin/sh
# The demo printer's engine (ippeveprinter -c): takes about two seconds a job, reports the
# impressions it printed and logs one line per job. ippeveprinter passes the spooled document as
# $1 and the job's attributes as IPP_* variables. The page count is read from the PDF's page
# objects; a PDF that hides them in compressed object streams counts as one page.
pages=$(grep -ac '/Type */Page[^s]' "$1" 2>/dev/null)
[ "${pages:-0}" -gt 0 ] 2>/dev/null || pages=1
copies=${IPP_COPIES:-1}
sleep 2
n=$((pages * copies))
echo "ATTR: job-impressions=$n job-impressions-completed=$n" >&2
printf '%s\t%s\tpages=%s copies=%s sides=%s media=%s color=%s\n' "$(date -u +%FT%TZ)" "$IPP_JOB_NAME" "$pages" "$copies" \
  "${IPP_SIDES:-}" "${IPP_MEDIA:-}" "${IPP_PRINT_COLOR_MODE:-}" >> "${DEMO_PRINTER_LOG:-/dev/null}"
exit 0
