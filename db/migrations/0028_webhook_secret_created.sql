ALTER TABLE `webhook_endpoints` ADD `secret_created_at` text;--> statement-breakpoint
-- The endpoints made before the column existed: their secret dates from its last rotation, found in the
-- audit entry written in that rotation's commit, else from the endpoint's creation. Written by hand:
-- drizzle-kit writes no data.
UPDATE `webhook_endpoints` SET `secret_created_at` = coalesce((
  SELECT a.`at` FROM `audit_log` a WHERE a.`subject_type` = 'webhook' AND a.`subject_id` = `webhook_endpoints`.`id`
    AND a.`action` = 'webhook.update' AND json_extract(a.`data`, '$.rotatedSecret') = 1
  ORDER BY a.`seq` DESC LIMIT 1
), `created_at`);
