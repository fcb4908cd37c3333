ALTER TABLE `questions` ADD `forwarded_at` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `forward_due_date` text;--> statement-breakpoint
-- Questions forwarded before the column existed: the time of the moderation that forwarded them, from the
-- audit log (a merged duplicate forwarded with its primary, the primary's). Written by hand: drizzle-kit
-- writes no data. Their forwarding limit stays unknown: it counts holidays, which SQL does not know.
UPDATE `questions` SET `forwarded_at` = coalesce(
  (SELECT max(a.`at`) FROM `audit_log` a WHERE a.`subject_type` = 'question' AND a.`subject_id` = `questions`.`id`
    AND a.`action` = 'question.status' AND json_extract(a.`data`, '$.to') = 'forwarded'),
  (SELECT max(a.`at`) FROM `audit_log` a WHERE a.`subject_type` = 'question' AND a.`subject_id` = `questions`.`merged_into`
    AND a.`action` = 'question.status' AND json_extract(a.`data`, '$.to') = 'forwarded')
) WHERE `status` = 'forwarded';
