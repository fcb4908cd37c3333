-- A webhook message's body may name a petitioner: it is erased from the delivery log some days after the
-- message was written, once it is delivered or has failed for good, and the row (its status and its
-- attempts) stays. The partial index holds only the bodies still kept, so each run reads only those.
ALTER TABLE `webhook_deliveries` ADD `purged_at` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_kept_idx` ON `webhook_deliveries` (`created_at`) WHERE purged_at is null;