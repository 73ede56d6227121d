#!/usr/bin/env python3
"""Prints every cell of an XLSX workbook as JSON, read by openpyxl: an
independent reader for the tests of `bettercare export bcf-return`.

{"sheets": ["Cover", ...],
 "cells": {"Sheet": {"A1": {"v": value, "t": "n"|"s"|"d"|"b", "f": "number format"}}}}
"""
import datetime
import json
import sys

import openpyxl


def main() -> int:
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": wb.sheetnames, "cells": {}}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value
                if isinstance(v, (datetime.date, datetime.datetime)):
                    v = v.isoformat()
                cells[c.coordinate] = {"v": v, "t": c.data_type, "f": c.number_format}
        out["cells"][ws.title] = cells
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
