CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  source_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  pages INTEGER NOT NULL,
  ocr_pages INTEGER NOT NULL,
  doc_type TEXT,
  issuer TEXT,
  province TEXT,
  province_successor TEXT,
  doc_number TEXT,
  issued_date TEXT,
  place TEXT,
  title TEXT,
  signer_name TEXT,
  signer_title TEXT,
  task_count INTEGER NOT NULL,
  warning_count INTEGER NOT NULL,
  restored_tokens INTEGER NOT NULL,
  low_confidence_tokens INTEGER NOT NULL
);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  section TEXT,
  section_title TEXT,
  stt TEXT,
  task TEXT NOT NULL,
  task_folded TEXT NOT NULL,
  lead_agency TEXT,
  lead_agency_canonical TEXT,
  timeline TEXT,
  timeline_kind TEXT NOT NULL,
  timeline_years TEXT NOT NULL,
  timeline_start TEXT,
  timeline_end TEXT,
  origin TEXT NOT NULL,
  requested INTEGER NOT NULL,
  page INTEGER,
  confidence REAL NOT NULL,
  extra TEXT NOT NULL,
  UNIQUE (document_id, position)
);
CREATE TABLE successors (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  position INTEGER NOT NULL,
  agency TEXT NOT NULL,
  PRIMARY KEY (task_id, position)
);
CREATE TABLE partners (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  position INTEGER NOT NULL,
  agency TEXT NOT NULL,
  agency_canonical TEXT,
  PRIMARY KEY (task_id, position)
);
CREATE TABLE legal_bases (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  date TEXT,
  issuer TEXT,
  title TEXT,
  PRIMARY KEY (document_id, position)
);
CREATE TABLE reporting_deadlines (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  frequency TEXT,
  day INTEGER,
  month INTEGER,
  year INTEGER,
  PRIMARY KEY (document_id, position)
);
CREATE TABLE warnings (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (document_id, position)
);
CREATE TABLE failures (
  file TEXT PRIMARY KEY,
  error TEXT NOT NULL
);
CREATE INDEX documents_file ON documents(file);
CREATE INDEX documents_doc_type ON documents(doc_type);
CREATE INDEX documents_province_successor ON documents(province_successor);
CREATE INDEX tasks_lead_agency ON tasks(lead_agency);
CREATE INDEX tasks_lead_agency_canonical ON tasks(lead_agency_canonical);
CREATE INDEX tasks_timeline_start ON tasks(timeline_start);
CREATE INDEX tasks_timeline_end ON tasks(timeline_end);
CREATE INDEX successors_agency ON successors(agency);
CREATE INDEX partners_agency_canonical ON partners(agency_canonical);
CREATE VIRTUAL TABLE tasks_fts USING fts5(
  task, task_folded, content='tasks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
