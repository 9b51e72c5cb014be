-- 1,200 customers, 1,200 orders, 2,400 order items: every table holds more than guard.confirmAbove (1,000) rows
INSERT INTO customers (id, name) SELECT X, 'customer ' || X FROM SYSTEM_RANGE(1, 1200);
INSERT INTO orders (id, customer_id, placed) SELECT X, X, DATE '2024-01-01' FROM SYSTEM_RANGE(1, 1200);
INSERT INTO order_items (id, order_id, sku) SELECT X, (X + 1) / 2, 'sku-' || X FROM SYSTEM_RANGE(1, 2400);
