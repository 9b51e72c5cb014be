-- A typical Spring test schema script for H2: drop what a previous run left (H2's suffix IF EXISTS), then create
DROP TABLE child IF EXISTS;
DROP TABLE parent IF EXISTS;
CREATE TABLE parent (
    id   INT PRIMARY KEY,
    name VARCHAR(50)
);
CREATE TABLE child (
    id        INT PRIMARY KEY,
    parent_id INT NOT NULL REFERENCES parent (id) ON DELETE CASCADE
);
