#!/usr/bin/env python3
"""Executes every notebook headlessly (nbclient) and exits non-zero if any cell fails.
Set CTXLIMITS to the binary to use; by default the notebooks find .build/release or .build/debug.
With --write the executed notebooks (outputs and figures included) are saved in place."""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

here = pathlib.Path(__file__).resolve().parent
failed = 0
for path in sorted(here.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
        if "--write" in sys.argv:
            nbformat.write(nb, path)
        print(f"ok      {path.name}")
    except Exception as error:  # a failing cell
        failed += 1
        print(f"FAILED  {path.name}: {str(error)[:2000]}")
print(f"{len(list(here.glob('*.ipynb'))) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
