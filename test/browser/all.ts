/// <reference types="vite/client" />
/**
 * The browser suite as one test file (vitest.config.ts): its files run one after another, by name, beside
 * the contract suite's file rather than after it. Every file's hooks are within its describe blocks.
 */
import.meta.glob('./*.test.ts', { eager: true })
