// Void elements never close, so they never hold text.
const voids = new Set(['meta', 'link', 'br', 'input', 'img', 'hr', 'source', 'col', 'area', 'wbr'])

/**
 * The language a screen reader reads `text` in, in server-rendered HTML: the `lang` of the innermost
 * element around its first occurrence that has one (WCAG 3.1.2), or null when none has. The markup is
 * our own renderer's (well-formed, attributes quoted), so a tag stack is enough; no DOM in Node.
 */
export function langAt(html: string, text: string): string | null {
  const stack: (string | null)[] = []
  const tags = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>|<!doctype[^>]*>/g
  let last = 0
  for (let m = tags.exec(html); ; m = tags.exec(html)) {
    if (html.slice(last, m ? m.index : html.length).includes(text)) return stack.findLast((l) => l) ?? null
    if (!m) return null
    last = tags.lastIndex
    const [, close, name, attrs] = m
    if (!name || voids.has(name.toLowerCase()) || attrs?.endsWith('/')) continue
    if (close) stack.pop()
    else stack.push(/\slang="([^"]*)"/.exec(attrs ?? '')?.[1] ?? null)
  }
}
