import { writeFileSync } from 'node:fs'
import { assetHeadersFile } from './asset-headers'

// The last step of `npm run build`, after Vite has written web/dist.
writeFileSync(new URL('../web/dist/_headers', import.meta.url), await assetHeadersFile())
