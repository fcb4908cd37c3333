-- A radicado prefix names one entity's series. Two entities given the same one could not both file (the
-- second one's radicados collided with the first's, and every filing there was refused): the prefix stays
-- with the entity that has filed under it (or the oldest), and the others take the initials of their name
-- again at their next filing, as an entity without a prefix does.
UPDATE `entities` SET `radicado_prefix` = NULL
WHERE `radicado_prefix` IS NOT NULL AND `id` <> (
	SELECT `e`.`id` FROM `entities` `e`
	WHERE `e`.`radicado_prefix` = `entities`.`radicado_prefix`
	ORDER BY EXISTS (SELECT 1 FROM `questions` `q` WHERE `q`.`entity_id` = `e`.`id`) DESC, `e`.`created_at`, `e`.`id`
	LIMIT 1
);--> statement-breakpoint
CREATE UNIQUE INDEX `entities_radicado_prefix_uq` ON `entities` (`radicado_prefix`);
