"""The one positioned grid of every table: value cells, spans, texts, bands, 表二's narrow blocks."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from model.formats import CellKey, all_formats, load_format
from model.tablegrid import CAPTION, HEADER, LABEL, VALUE, GridCell, TableGrid, build_grid, table_grid

ALL = [(f.id, t.key) for f in all_formats() for t in f.tables]


def grid(fmt_id: str, table: str) -> TableGrid:
    return table_grid(load_format(fmt_id), table)


def cells_of(g: TableGrid, kind: str) -> set[tuple[str, int, int, int, int]]:
    return {(c.text, c.row, c.col, c.row_span, c.col_span) for c in g.cells if c.kind == kind}


@pytest.mark.parametrize("fmt_id,table", ALL)
def test_every_cell_of_the_table_is_one_value_cell(fmt_id, table):
    t = load_format(fmt_id).table(table)
    g = grid(fmt_id, table)
    keys = Counter(c.key for c in g.value_cells())
    assert set(keys) == set(t.cells()) and set(keys.values()) == {1}
    assert {c.key for c in g.value_cells() if c.computed} == set(t.computed_cells())
    assert {c.key for c in g.value_cells() if not c.computed} == set(t.input_cells())
    for c in g.value_cells():
        assert c.key is not None and c.key.table == table
        assert g.position(c.key) == (c.row, c.col)
        assert (c.row_key, c.col_key) == (c.key.row, c.key.col)
        assert c.col >= g.label_cols and c.row_span == 1
    assert g.position(CellKey(table, "no-such-row", "x")) is None


@pytest.mark.parametrize("fmt_id,table", ALL)
def test_cells_tile_the_grid_without_overlap(fmt_id, table):
    g = grid(fmt_id, table)
    t = load_format(fmt_id).table(table)
    assert g.n_cols == t.row_label_columns + t.width and g.label_cols == t.row_label_columns
    covered: dict[tuple[int, int], GridCell] = {}
    for c in g.cells:
        assert c.row_span >= 1 and c.col_span >= 1
        assert 0 <= c.row and c.last_row < g.n_rows, c
        assert 0 <= c.col and c.last_col < g.n_cols, c
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                assert (r, k) not in covered, (c, covered.get((r, k)))
                covered[(r, k)] = c
    # today's tables leave no hole: every position belongs to exactly one cell
    assert len(covered) == g.n_rows * g.n_cols
    for (r, k), c in covered.items():
        assert g.at(r, k) is c
        assert g.is_origin(r, k) == ((r, k) == (c.row, c.col))
    assert g.at(-1, 0) is None and g.at(0, g.n_cols) is None and g.at(g.n_rows, 0) is None
    # reading order, and row_cells gives the origins of each row
    assert list(g.cells) == sorted(g.cells, key=lambda c: (c.row, c.col))
    assert [c for r in range(g.n_rows) for c in g.row_cells(r)] == list(g.cells)
    assert g.row_cells(g.n_rows) == []


@pytest.mark.parametrize("fmt_id,table", ALL)
def test_every_label_of_the_format_is_in_the_grid_verbatim(fmt_id, table):
    t = load_format(fmt_id).table(table)
    g = grid(fmt_id, table)
    headers = [c.text for c in g.cells if c.kind == HEADER]
    labels = [c.text for c in g.cells if c.kind == LABEL]
    captions = [c.text for c in g.cells if c.kind == CAPTION]
    assert captions == [b.caption for b in t.blocks if b.caption]
    for b in t.blocks:
        for col in b.columns:
            assert col.label in headers
            assert all(p in headers for p in col.path)
            # the column's own label carries its key and help, at the column's position
            own = [c for c in g.cells if c.kind == HEADER and c.col_key == col.key and c.text == col.label]
            assert own and all(c.help == col.help for c in own)
        for r in b.rows if t.row_label_columns else ():
            own = [c for c in g.cells if c.kind == LABEL and c.row_key == r.key]
            assert len(own) == 1 and own[0].text == r.label and own[0].help == r.help
            assert own[0].last_col == g.label_cols - 1  # ends at the value area
            row_pos = {c.row for c in g.value_cells() if c.row_key == r.key}
            assert row_pos == {own[0].row}
            assert all(p in labels for p in r.path[: g.label_cols - 1])
    if t.row_label_columns:
        corners = [c for c in g.cells if c.kind == HEADER and c.col < g.label_cols]
        assert {c.text for c in corners} == {t.corner or ""}
        assert len(corners) == len(t.blocks)
    else:
        assert not labels
    assert "" not in captions + labels


@pytest.mark.parametrize("fmt_id,table", ALL)
def test_bands_cover_every_row_once_in_order(fmt_id, table):
    t = load_format(fmt_id).table(table)
    g = grid(fmt_id, table)
    assert [b.block for b in g.bands] == list(range(len(t.blocks)))
    rows = [r for b in g.bands for r in list(b.header) + list(b.body)]
    assert rows == list(range(g.n_rows))
    for b, block in zip(g.bands, t.blocks):
        assert len(b.body) == len(block.rows)
        kinds = {c.kind for r in b.header for c in g.row_cells(r)}
        assert kinds <= {CAPTION, HEADER} and HEADER in kinds
        assert {c.kind for r in b.body for c in g.row_cells(r)} <= {LABEL, VALUE}
        # header cells stay inside their band's header, values in its body
        for r in b.header:
            for c in g.row_cells(r):
                assert c.last_row < b.header.stop
        assert [c.row for c in g.value_cells() if t.block_of(c.key.row) is block][::len(block.columns)] == list(b.body)
        assert g.band_of(b.header.start) is b and g.band_of(b.body.stop - 1) is b
        if block.caption:
            assert g.at(b.header.start, 0).kind == CAPTION
            assert g.at(b.header.start, 0).col_span == g.n_cols
    assert g.band_of(g.n_rows) is None
    assert g.caption_rows() == [b.header.start for b, bl in zip(g.bands, t.blocks) if bl.caption]


def test_header_of_table_three_is_three_rows_with_merges():
    g = grid("2021", "t3")
    t3 = load_format("2021").table("t3")
    cells = cells_of(g, HEADER)
    assert (t3.corner, 0, 0, 3, 3) in cells
    assert ("申请人情况", 0, 3, 1, 7) in cells
    assert ("自然人", 1, 3, 2, 1) in cells
    assert ("法人或其他组织", 1, 4, 1, 5) in cells
    assert ("商业企业", 2, 4, 1, 1) in cells
    assert ("总计", 1, 9, 2, 1) in cells
    assert g.bands[0].header == range(0, 3) and g.bands[0].body == range(3, 28)
    assert (g.n_rows, g.n_cols) == (28, 10)


def test_header_of_table_four():
    g = grid("2021", "t4")
    cells = cells_of(g, HEADER)
    assert ("行政复议", 0, 0, 1, 5) in cells
    assert ("行政诉讼", 0, 5, 1, 10) in cells
    assert ("结果维持", 1, 0, 2, 1) in cells  # 行政复议's columns span two header rows
    assert ("未经复议直接起诉", 1, 5, 1, 5) in cells
    assert ("复议后起诉", 1, 10, 1, 5) in cells
    assert ("总计", 2, 14, 1, 1) in cells
    assert [c.key.col for c in g.row_cells(3)] == [c.key for c in load_format("2021").table("t4").blocks[0].columns]


def test_row_labels_of_table_three_merge_vertically():
    cells = cells_of(grid("2021", "t3"), LABEL)
    top = 3  # below the three header rows
    assert ("一、本年新收政府信息公开申请数量", top + 0, 0, 1, 3) in cells
    assert ("三、本年度办理结果", top + 2, 0, 22, 1) in cells
    assert ("（三）不予公开", top + 4, 1, 8, 1) in cells
    assert ("（一）予以公开", top + 2, 1, 1, 2) in cells
    assert ("1.属于国家秘密", top + 4, 2, 1, 1) in cells
    cells19 = {(text, rs) for text, _, _, rs, _ in cells_of(grid("2019", "t3"), LABEL)}
    assert ("三、本年度办理结果", 20) in cells19
    # the value cell of a row sits on its label's row
    g = grid("2021", "t3")
    assert g.position(CellKey("t3", "new", "natural")) == (3, 3)
    assert g.position(CellKey("t3", "disclosed", "total")) == (5, 9)


@pytest.mark.parametrize("fmt_id", ["2021", "2019"])
def test_narrow_blocks_of_table_two_span_their_last_column_to_the_width(fmt_id):
    t2 = load_format(fmt_id).table("t2")
    g = grid(fmt_id, "t2")
    assert g.label_cols == 1 and g.n_cols == 1 + t2.width == 4
    assert any(len(b.columns) < t2.width for b in t2.blocks)
    for band, block in zip(g.bands, t2.blocks):
        n = len(block.columns)
        own = [c for r in band.header for c in g.row_cells(r) if c.kind == HEADER and c.col >= 1]
        assert [(c.text, c.col, c.col_span) for c in own] == [
            (col.label, 1 + i, 1 + (t2.width - n if i == n - 1 else 0)) for i, col in enumerate(block.columns)]
        for r in band.body:
            vals = [c for c in g.row_cells(r) if c.kind == VALUE]
            assert [(c.col, c.col_span) for c in vals] == [
                (1 + i, 1 + (t2.width - n if i == n - 1 else 0)) for i in range(n)]
            assert vals[-1].last_col == g.n_cols - 1
        # the caption row, then one header row with the corner
        assert g.at(band.header.start, 0).text == block.caption
        assert g.at(band.header.start + 1, 0).text == t2.corner


def test_narrow_block_2021_exact_positions():
    g = grid("2021", "t2")
    b5 = g.bands[1]
    assert (b5.header, b5.body) == (range(4, 6), range(6, 7))
    assert [(c.kind, c.text, c.col, c.col_span) for c in g.row_cells(5)] == [
        (HEADER, "信息内容", 0, 1), (HEADER, "本年处理决定数量", 1, 3)]
    assert g.at(6, 3) is g.at(6, 1) and g.at(6, 1).key.row == g.row_cells(6)[0].row_key


def test_grid_is_cached_per_table_object_and_is_plain_data():
    fmt = load_format("2021")
    g = table_grid(fmt, "t3")
    assert table_grid(fmt, "t3") is g
    assert build_grid(fmt.table("t3")) == g  # value equality: a rebuild gives the same layout
    other = dataclasses.replace(fmt, tables=tuple(dataclasses.replace(t) for t in fmt.tables))
    g2 = table_grid(other, "t3")
    assert g2 is not g and g2 == g
    assert g.title == fmt.table("t3").title and g.table_key == "t3"
    with pytest.raises(KeyError):
        table_grid(fmt, "t9")
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.cells[0].text = "x"  # type: ignore[misc]


def test_a_new_row_in_the_format_appears_in_the_grid():
    """Nothing about the layout is hard-coded: a row added to the data is placed by the grid."""
    fmt = load_format("2021")
    t3 = fmt.table("t3")
    block = t3.blocks[0]
    i = [r.key for r in block.rows].index("other_nofee")
    extra = dataclasses.replace(block.rows[i], key="other_extra", label="5.新增处理方式")
    rows = block.rows[: i + 1] + (extra,) + block.rows[i + 1:]
    nb = dataclasses.replace(block, rows=rows)
    index = {r.key: (nb, r) for r in rows}
    nt = dataclasses.replace(t3, blocks=(nb,), _row_index=index)
    g = build_grid(nt)
    assert g.n_rows == grid("2021", "t3").n_rows + 1
    r, c = g.position(CellKey("t3", "other_extra", "natural"))
    assert g.at(r, 2).text == "5.新增处理方式"
    group = g.at(r, 1)
    assert group.text == "（六）其他处理" and group.row_span == grid("2021", "t3").at(r - 1, 1).row_span + 1
