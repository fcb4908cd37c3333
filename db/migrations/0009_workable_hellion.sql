ALTER TABLE `entities` ADD `radicado_prefix_next` text;--> statement-breakpoint
ALTER TABLE `entities` ADD `radicado_prefix_next_year` integer;--> statement-breakpoint
-- A prefix scheduled for a later year is reserved as a prefix in use is: the unique index covers the
-- prefixes in use, these triggers the scheduled ones against both (another entity's radicados would
-- collide with this one's from that year). Written by hand: drizzle-kit does not generate triggers.
CREATE TRIGGER `entities_radicado_prefix_next_ins` BEFORE INSERT ON `entities`
WHEN EXISTS (
	SELECT 1 FROM `entities` `o` WHERE `o`.`id` <> NEW.`id` AND (
		`o`.`radicado_prefix_next` = NEW.`radicado_prefix`
		OR `o`.`radicado_prefix` = NEW.`radicado_prefix_next`
		OR `o`.`radicado_prefix_next` = NEW.`radicado_prefix_next`
	)
)
BEGIN
	SELECT RAISE(ABORT, 'entities_radicado_prefix_uq: another entity has or has scheduled that radicado prefix');
END;--> statement-breakpoint
CREATE TRIGGER `entities_radicado_prefix_next_upd` BEFORE UPDATE OF `radicado_prefix`, `radicado_prefix_next` ON `entities`
WHEN EXISTS (
	SELECT 1 FROM `entities` `o` WHERE `o`.`id` <> NEW.`id` AND (
		`o`.`radicado_prefix_next` = NEW.`radicado_prefix`
		OR `o`.`radicado_prefix` = NEW.`radicado_prefix_next`
		OR `o`.`radicado_prefix_next` = NEW.`radicado_prefix_next`
	)
)
BEGIN
	SELECT RAISE(ABORT, 'entities_radicado_prefix_uq: another entity has or has scheduled that radicado prefix');
END;
