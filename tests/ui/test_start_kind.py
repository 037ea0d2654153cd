"""NewReportDialog sets the organ kind from the name as she types, unless she chose one."""

from __future__ import annotations

from ui.start import NewReportDialog


def test_kind_follows_the_name_until_chosen(qtbot):
    d = NewReportDialog()
    qtbot.addWidget(d)
    d.organ.setText("平武县统计局")
    assert d.kind.currentData() == "county_dept"
    d.organ.setText("四川省人民政府办公厅")
    assert d.kind.currentData() == "province_gov"
    d.kind.setCurrentIndex(d.kind.findData("other"))
    d.kind.activated.emit(d.kind.currentIndex())  # she picks one herself
    d.organ.setText("古蔺县东新镇人民政府")
    assert d.kind.currentData() == "other"
    assert d.report().organ_kind == "other"
