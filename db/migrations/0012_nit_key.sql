ALTER TABLE `entities` ADD `nit_key` text;--> statement-breakpoint
-- Each NIT's digits, as server/services/nit.ts takes them: SQLite has no regular expressions, so one
-- character at a time. Written by hand: drizzle-kit writes no data.
WITH RECURSIVE `strip` (`id`, `rest`, `digits`) AS (
  SELECT `id`, `nit`, '' FROM `entities` WHERE `nit` IS NOT NULL
  UNION ALL
  SELECT `id`, substr(`rest`, 2),
    `digits` || CASE WHEN substr(`rest`, 1, 1) GLOB '[0-9]' THEN substr(`rest`, 1, 1) ELSE '' END
  FROM `strip` WHERE `rest` <> ''
)
UPDATE `entities` SET `nit_key` = nullif(`strip`.`digits`, '')
FROM `strip` WHERE `strip`.`id` = `entities`.`id` AND `strip`.`rest` = '';--> statement-breakpoint
-- Entities registered apart with one NIT typed two ways stay apart (each keeps its events, its radicado
-- series and its NIT as typed): the oldest keeps the key and new events find it; the others go without,
-- so the unique index is made whatever the data.
UPDATE `entities` SET `nit_key` = NULL WHERE `nit_key` IS NOT NULL AND EXISTS (
  SELECT 1 FROM `entities` AS `older` WHERE `older`.`nit_key` = `entities`.`nit_key` AND (
    `older`.`created_at` < `entities`.`created_at`
    OR (`older`.`created_at` = `entities`.`created_at` AND `older`.`id` < `entities`.`id`)
  )
);--> statement-breakpoint
CREATE UNIQUE INDEX `entities_nit_key_uq` ON `entities` (`nit_key`);
