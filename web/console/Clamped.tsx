import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
import { mt } from './text-moderation'

type Props = {
  id: string
  /** The paragraph's class. */
  class: string
  /** The lines shown while folded. */
  lines: number
  /** The text it holds, or its longest part: a short one is never folded, nor measured. */
  text: string
  /** What it is, for the button's name read by a screen reader ("texto de DEMO-2026-000052"). */
  what: string
  /** The paragraph's own, for what a person wrote (QuestionCard). */
  dir?: 'auto'
  lang?: string
  children: ComponentChildren
}

/**
 * A paragraph that may run long (a question of 4,000 characters is a page on its own), shown in its first
 * `lines` lines with "Ver todo" after it, so that the card's actions stay on screen. Folded only to the
 * eye: the whole text stays in the page, where a screen reader reads it and find-in-page finds it, and the
 * line it is cut at ends in "…". The button is there only when something is folded away.
 */
export function Clamped({ id, class: cls, lines, text, what, dir, lang, children }: Props) {
  const m = mt().clamp
  const open = useSignal(false)
  const folds = useSignal(false)
  const box = useRef<HTMLParagraphElement>(null)
  // Fewer characters than a phone's lines hold is no candidate: a list of thousands of cards measures only
  // the few long ones, each when its size or its card's changes (a wider window may show it whole).
  const long = text.length > lines * 24 || text.split('\n').length > lines
  useLayoutEffect(() => {
    const p = box.current
    if (!long || !p) {
      folds.value = false
      return
    }
    // Measured folded only: unfolded, its height is its text's, and the button must stay to fold it back.
    const measure = () => {
      if (!open.peek()) folds.value = p.scrollHeight > p.clientHeight + 1
    }
    measure()
    const seen = new ResizeObserver(measure)
    seen.observe(p)
    if (p.parentElement) seen.observe(p.parentElement)
    return () => seen.disconnect()
  }, [long, text])
  const folded = long && !open.value
  return (
    <>
      <p
        ref={box}
        id={id}
        dir={dir}
        lang={lang}
        class={folded ? `${cls} clamped` : cls}
        style={folded ? { WebkitLineClamp: String(lines) } : undefined}
      >
        {children}
      </p>
      {long && (folds.value || open.value) && (
        <button
          type="button"
          class="secondary more"
          aria-expanded={open.value}
          aria-controls={id}
          // Its visible words first (WCAG 2.5.3), then whose text: a list holds many such buttons.
          aria-label={`${open.value ? m.less : m.more}: ${what}`}
          onClick={(e) => {
            open.value = !open.value
            if (open.value) return
            // Folded back from its end, the page shortens under the reader: what holds it (a question's card,
            // with its actions) comes into sight, or at least the button that has the focus.
            const b = e.currentTarget
            requestAnimationFrame(() =>
              (box.current?.parentElement ?? b).scrollIntoView({ block: 'nearest' }),
            )
          }}
        >
          {open.value ? m.less : m.more}
        </button>
      )}
    </>
  )
}
