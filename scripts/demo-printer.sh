#!/usr/bin/env bash
# Starts the demo store's printer (a real IPP printer, ippeveprinter) in the background:
#   bash scripts/demo-printer.sh         start (DEMO_PRINTER_PORT, default 8631)
#   bash scripts/demo-printer.sh stop    stop it
source "$(dirname "$0")/lib.sh"
if [ "${1:-start}" = stop ]; then stop_demo_printer; else start_demo_printer; fi
