using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Clearhours.Documents.Rendering;

/// <summary>A table column; widths are relative, the table always spans the page between the margins.</summary>
internal sealed record TableColumn(string Header, double Width, bool Numeric = false);

/// <summary>A table cell: its text, a web link over it, and a smaller note under it.</summary>
internal sealed record TableCell(string Text, string? Url = null, string? Note = null);

/// <summary>A table row; a muted row is shown greyed out (work that is listed but not billed).</summary>
internal sealed record TableRow(IReadOnlyList<TableCell> Cells, bool Muted = false);

/// <summary>Tables: rows as tall as their tallest wrapped cell, a header repeated on every page the table reaches.</summary>
internal sealed partial class PdfComposer
{
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<TableRow> rows)
    {
        var scale = Width / columns.Sum(column => column.Width);
        var widths = columns.Select(column => column.Width * scale).ToArray();
        var header = new TableRow([.. columns.Select(column => new TableCell(column.Header))]);
        var headerHeight = RowHeight(header, widths, SmallBold);
        var first = true;
        var all = rows.ToList();
        if (all.Count == 0)
        {
            EnsureSpace(headerHeight);
            DrawRow(header, columns, widths, headerHeight, SmallBold, _headerFill);
        }

        foreach (var row in all)
        {
            var height = RowHeight(row, widths, Small);
            if (first || _y + height > Bottom)
            {
                // The header goes with the first row: a header alone at the foot of a page reads as a broken table.
                if (_y + headerHeight + height > Bottom)
                {
                    NewPage();
                }

                DrawRow(header, columns, widths, headerHeight, SmallBold, _headerFill);
                first = false;
            }

            DrawRow(row, columns, widths, height, Small, row.Muted ? _mutedFill : null);
        }
    }

    private double RowHeight(TableRow row, double[] widths, XFont font)
    {
        var height = 0.0;
        for (var column = 0; column < widths.Length; column++)
        {
            var cell = row.Cells[column];
            var inner = widths[column] - 2 * Padding;
            var cellHeight = Wrap(cell.Text, font, inner).Count * font.GetHeight();
            if (cell.Note is not null)
            {
                cellHeight += Wrap(cell.Note, Small, inner).Count * Small.GetHeight();
            }

            height = Math.Max(height, cellHeight);
        }

        return height + 2 * Padding;
    }

    private void DrawRow(TableRow row, IReadOnlyList<TableColumn> columns, double[] widths, double height, XFont font, XBrush? fill)
    {
        var x = Margin;
        for (var column = 0; column < widths.Length; column++)
        {
            var cell = row.Cells[column];
            var box = new XRect(x, _y, widths[column], height);
            if (fill is not null)
            {
                _gfx.DrawRectangle(fill, box);
            }

            _gfx.DrawRectangle(_grid, box);
            var inner = widths[column] - 2 * Padding;
            var format = columns[column].Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft;
            var brush = cell.Url is not null ? _link : row.Muted ? _muted : _ink;
            var lines = Wrap(cell.Text, font, inner);
            var bottom = DrawLines(lines, font, brush, x + Padding, _y + Padding, inner, format);
            if (cell.Url is not null)
            {
                var area = new XRect(x + Padding, _y + Padding, inner, bottom - _y - Padding);
                _page.AddWebLink(new PdfRectangle(_gfx.Transformer.WorldToDefaultPage(area)), cell.Url);
            }

            if (cell.Note is not null)
            {
                DrawLines(Wrap(cell.Note, Small, inner), Small, _muted, x + Padding, bottom, inner, format);
            }

            x += widths[column];
        }

        _y += height;
    }
}
