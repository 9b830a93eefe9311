-- What the live feed said for the month when a number was sent (NULL when it offered none), beside the number
-- itself: so a report shows whether its number was typed, taken from the feed as it was, or the feed's number
-- changed by the person. `source` stays 'feed' exactly when the number is the feed's unchanged.
ALTER TABLE monthly_reports ADD COLUMN feed_cents INTEGER;
ALTER TABLE report_corrections ADD COLUMN feed_cents INTEGER;
-- Numbers taken from the feed before this column existed were the feed's number.
UPDATE monthly_reports SET feed_cents = amount_cents WHERE source = 'feed';
UPDATE report_corrections SET feed_cents = corrected_cents WHERE source = 'feed';
