"""A real export prints the checkpoint it was made under: every page footer names its event and hash,
and the About sheet holds the signed checkpoint that `audit verify --checkpoint` takes back."""

from __future__ import annotations

import openpyxl

from compliance.audit.services import checkpoint_log
from exports import LAYOUTS


def test_every_page_footer_and_the_about_sheet_name_the_signed_checkpoint(runner, make_subject, tmp_path):
    make_subject()
    target = tmp_path / "dsr.xlsx"
    result = runner.invoke(args=["export", "dsr-register", "--output", str(target)])
    assert result.exit_code == 0, result.output
    checkpoint = checkpoint_log().latest()
    assert checkpoint is not None and checkpoint.reason == "export"
    workbook = openpyxl.load_workbook(target)
    short = f"audit event {checkpoint.sequence}, hash {checkpoint.hash[:12]}"
    for ws in workbook.worksheets:
        assert ws.oddFooter.right.text.endswith(short), ws.title
        assert ws.oddHeader.left.text == LAYOUTS["dsr-register"].title
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(max_col=2, values_only=True)}
    assert about["Audit checkpoint (signed)"] == checkpoint.printable()
    workbook.close()
    checkpoint_log().path.unlink()  # only the printed one is left to prove
    verified = runner.invoke(args=["audit", "verify", "--checkpoint", str(target)])
    assert verified.exit_code == 0 and "1 checkpoints contained" in verified.output, verified.output
