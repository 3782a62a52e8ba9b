-- The newest orders and interactions of all accounts, page by page, without
-- sorting the whole table at every page.
CREATE INDEX orders_ordered ON orders(ordered_on, id);
CREATE INDEX interactions_occurred ON interactions(occurred_at, id);
-- Each inbound mail finds its sender among the contacts by address.
CREATE INDEX contacts_email_lower ON contacts(LOWER(email));
