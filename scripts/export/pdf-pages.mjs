// On which page of a PDF printed by Chromium (Skia) each named destination lies: Chromium turns every
// element id that a link points at (`#cell-id=chapter-05-…`) into a named destination. The export
// uses it to put page numbers into the printed table of contents.
//
// Skia writes its objects as plain text (no object streams), so reading the catalog, the page tree
// and the /Dests dictionary needs no PDF library. scripts/export/check.mjs verifies the result
// independently with poppler (pdftohtml) where it is installed.

function object(pdf, num) {
  const start = pdf.indexOf(`\n${num} 0 obj`);
  if (start < 0) throw new Error(`PDF object ${num} not found`);
  const end = pdf.indexOf("endobj", start);
  return pdf.slice(start, end);
}

function ref(dict, key) {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
}

function decodeName(name) {
  return decodeURIComponent(name.replace(/#([0-9a-fA-F]{2})/g, "%$1"));
}

/**
 * @param {Buffer} buffer a PDF printed by Chromium's page.pdf()
 * @returns {{ pages: number, dests: Map<string, number> }} the page count, and the 1-based page of
 *   each named destination
 */
export function namedDestinationPages(buffer) {
  const pdf = buffer.toString("latin1");
  const catalogAt = pdf.search(/\/Type\s*\/Catalog\b/);
  if (catalogAt < 0) throw new Error("no /Catalog in the PDF");
  const catalog = pdf.slice(pdf.lastIndexOf(" 0 obj", catalogAt), pdf.indexOf("endobj", catalogAt));
  const order = [];
  const walk = (num) => {
    const node = object(pdf, num);
    if (/\/Type\s*\/Pages\b/.test(node)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1] ?? "";
      for (const m of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(m[1]));
    } else order.push(num);
  };
  walk(ref(catalog, "Pages"));
  const pageOf = new Map(order.map((num, i) => [num, i + 1]));
  const dests = new Map();
  const destsRef = ref(catalog, "Dests");
  if (destsRef !== null) {
    for (const m of object(pdf, destsRef).matchAll(/\/([^\s[\]/<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
      dests.set(decodeName(m[1]), pageOf.get(Number(m[2])));
    }
  }
  return { pages: order.length, dests };
}
