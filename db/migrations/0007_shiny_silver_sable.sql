ALTER TABLE `radicado_series` ADD `last_received_at` text;--> statement-breakpoint
-- The series already given keep the receipt time of their last question.
UPDATE `radicado_series` SET `last_received_at` = (
	SELECT max(`received_at`) FROM `questions`
	WHERE `questions`.`entity_id` = `radicado_series`.`entity_id` AND `questions`.`year` = `radicado_series`.`year`
);
