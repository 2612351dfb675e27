-- The pop-up each recipient got for a call, so answered/ended updates it without reading the event stream back.
ALTER TABLE call_recipients ADD COLUMN popup jsonb;
