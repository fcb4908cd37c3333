import type { ComponentChildren } from 'preact'
import { navigate } from './router'

type Props = { href: string; children: ComponentChildren; current?: boolean; class?: string }

/** A real link (it opens in a new tab, it can be copied) that navigates in place on a plain click. */
export function Link({ href, children, current, class: cls }: Props) {
  return (
    <a
      href={href + location.search}
      class={cls}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        navigate(href)
      }}
    >
      {children}
    </a>
  )
}
