// A small tagged-PDF writer over pdfkit: A4, embedded DejaVu fonts, headings, paragraphs and tables that a screen
// reader reads in order (Document > H1/H2/P/Table > TR > TH/TD), page footers marked as artifacts.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";

// DejaVu Sans (the dejavu-fonts-ttf npm package, TTF, free licence): wide Unicode coverage, including ✔ ✘ ‖ and
// the accented names a council's devices and staff may carry. pdfkit embeds only the glyphs used (a subset).
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = join(FONT_DIR, "DejaVuSans.ttf");
const BOLD = join(FONT_DIR, "DejaVuSans-Bold.ttf");

const MARGIN = 48;
const FOOTER_Y = 841.89 - 34;
type Struct = ReturnType<PDFKit.PDFDocument["struct"]>;

export interface Column {
  header: string;
  /** Relative width. */
  width: number;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: Struct;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(info: { title: string; author: string; subject: string; keywords: string; creationDate: Date }) {
    this.doc = new PDFDocument({
      size: "A4",
      margin: MARGIN,
      pdfVersion: "1.7",
      tagged: true,
      lang: "en-GB",
      displayTitle: true,
      bufferPages: true,
      autoFirstPage: true,
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: "Ward",
        Producer: "Ward (pdfkit)",
        CreationDate: info.creationDate,
        ModDate: info.creationDate,
      },
    });
    this.doc.on("data", (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve());
      this.doc.on("error", reject);
    });
    this.doc.registerFont("Body", REGULAR);
    this.doc.registerFont("Bold", BOLD);
    this.doc.font("Body").fontSize(9.5).fillColor("#111111");
    this.root = this.doc.struct("Document");
    this.doc.addStructure(this.root);
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private bottom(): number {
    return this.doc.page.height - MARGIN - 20;
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom()) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  private block(type: string, draw: () => void): void {
    this.root.add(this.doc.struct(type, {}, draw));
  }

  heading(level: 1 | 2 | 3, text: string): void {
    const size = level === 1 ? 20 : level === 2 ? 14 : 11;
    this.ensure(size * 4);
    if (this.doc.y > MARGIN + 1) this.doc.moveDown(level === 1 ? 0.2 : 0.8);
    this.block(`H${level}`, () => {
      this.doc.font("Bold").fontSize(size).fillColor("#0b2545").text(text, MARGIN, this.doc.y, { width: this.width });
    });
    this.doc.font("Body").fontSize(9.5).fillColor("#111111").moveDown(0.3);
  }

  paragraph(text: string, o: { bold?: boolean; size?: number; color?: string } = {}): void {
    this.ensure(24);
    this.block("P", () => {
      this.doc
        .font(o.bold ? "Bold" : "Body")
        .fontSize(o.size ?? 9.5)
        .fillColor(o.color ?? "#111111")
        .text(text, MARGIN, this.doc.y, { width: this.width, lineGap: 1.5 });
    });
    this.doc.font("Body").fontSize(9.5).fillColor("#111111").moveDown(0.4);
  }

  /** "Label: value" lines, label in bold. */
  facts(pairs: [string, string][]): void {
    for (const [label, value] of pairs) {
      this.ensure(16);
      this.block("P", () => {
        this.doc
          .font("Bold")
          .fontSize(9.5)
          .text(`${label}: `, MARGIN, this.doc.y, { continued: true, width: this.width });
        this.doc.font("Body").text(value, { width: this.width });
      });
      this.doc.moveDown(0.15);
    }
    this.doc.moveDown(0.3);
  }

  /** A boxed paragraph for the headline sentence. */
  callout(text: string): void {
    const h =
      this.doc
        .font("Bold")
        .fontSize(11.5)
        .heightOfString(text, { width: this.width - 20 }) + 16;
    this.ensure(h + 6);
    const y = this.doc.y;
    this.doc.markContent("Artifact", { type: "Layout" } as never);
    this.doc.save().lineWidth(1.2).strokeColor("#0b2545").rect(MARGIN, y, this.width, h).stroke().restore();
    this.doc.endMarkedContent();
    this.block("P", () => {
      this.doc
        .font("Bold")
        .fontSize(11.5)
        .fillColor("#0b2545")
        .text(text, MARGIN + 10, y + 8, { width: this.width - 20 });
    });
    this.doc.font("Body").fontSize(9.5).fillColor("#111111");
    this.doc.y = y + h + 8;
  }

  /** A table with a header row repeated on each page; each row kept whole on one page. */
  table(columns: Column[], rows: string[][], o: { size?: number } = {}): void {
    const size = o.size ?? 8;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 3;
    const doc = this.doc;
    const table = doc.struct("Table");
    this.root.add(table);
    const heightOf = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((t, i) => doc.heightOfString(t || " ", { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], header: boolean, measured?: number) => {
      const font = header ? "Bold" : "Body";
      const h = measured ?? heightOf(cells, font);
      const y = doc.y;
      doc.markContent("Artifact", { type: "Layout" } as never);
      if (header) doc.save().fillColor("#e8edf3").rect(MARGIN, y, this.width, h).fill().restore();
      doc
        .save()
        .lineWidth(0.4)
        .strokeColor("#9aa5b1")
        .moveTo(MARGIN, y + h)
        .lineTo(MARGIN + this.width, y + h)
        .stroke()
        .restore();
      doc.endMarkedContent();
      const tr = doc.struct("TR");
      table.add(tr);
      let x = MARGIN;
      cells.forEach((text, i) => {
        tr.add(
          doc.struct(header ? "TH" : "TD", {}, () => {
            doc
              .font(font)
              .fontSize(size)
              .fillColor("#111111")
              .text(text, x + pad, y + pad, { width: widths[i]! - 2 * pad });
          }),
        );
        x += widths[i]!;
      });
      tr.end();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    const headers = columns.map((c) => c.header);
    this.ensure(heightOf(headers, "Bold") + 30);
    drawRow(headers, true);
    for (const row of rows) {
      // Each row is measured once: laying out text is most of a large pack's time.
      const h = heightOf(row, "Body");
      if (doc.y + h > this.bottom()) {
        doc.addPage();
        drawRow(headers, true);
      }
      drawRow(row, false, h);
    }
    table.end();
    doc.font("Body").fontSize(9.5).moveDown(0.8);
  }

  /** Footers on every page (artifacts, not content), then the finished bytes. */
  async finish(footer: (page: number, pages: number) => string): Promise<Buffer> {
    this.root.end();
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      // The footer sits in the bottom margin: with the margin at 0 pdfkit does not start a new page for it.
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc.markContent("Artifact", { type: "Pagination" } as never);
      this.doc
        .font("Body")
        .fontSize(7.5)
        .fillColor("#555555")
        .text(footer(i + 1, range.count), MARGIN, FOOTER_Y, { width: this.width, lineBreak: false, align: "center" });
      this.doc.endMarkedContent();
      this.doc.page.margins.bottom = margin;
    }
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
