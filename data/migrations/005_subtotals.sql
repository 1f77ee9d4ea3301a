-- Subtotal rows of a campaign's tables and the units they add up (Zhumadian's 中心城区合计 = its districts and zones),
-- so reports can fill them in and reconciliation can check them.
ALTER TABLE campaigns ADD COLUMN subtotals jsonb NOT NULL DEFAULT '{}';
UPDATE campaigns SET subtotals = '{"中心城区合计": ["驿城区", "开发区", "示范区", "高新区"]}' WHERE key = 'zhumadian-2021';
