/// <reference types="vite/client" />
/**
 * The contract suite as one test file (vitest.config.ts): its files run one after another, by name,
 * against the servers started once for them (global-setup.ts), beside the browser suite's file.
 */
import.meta.glob('./*.test.ts', { eager: true })
