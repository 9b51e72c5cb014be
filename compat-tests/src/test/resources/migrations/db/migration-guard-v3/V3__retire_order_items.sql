-- A later migration that throws away a populated table: 2,400 rows, more than guard.confirmAbove (1,000)
DROP TABLE order_items;
