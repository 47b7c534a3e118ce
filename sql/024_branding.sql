-- Branding (issue 12 item 1): a reseller's brand, allowed by the admin. Its clients (and the
-- reseller's own staff) see the brand of their nearest branded reseller; a request whose Host is
-- a brand's domain gets that brand from the login page on. Colours are stored as #rrggbb only;
-- images only as checked PNG or JPEG (SVG is refused: it can carry script).
CREATE TABLE brand (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  -- An opaque key for the brand's public files (logo, favicon, stylesheet): names of resellers
  -- are not to be guessed through them.
  public_key CHAR(16) NOT NULL,
  allowed TINYINT(1) NOT NULL DEFAULT 0,
  name VARCHAR(64) NOT NULL DEFAULT '',
  primary_color CHAR(7) NOT NULL DEFAULT '',
  accent_color CHAR(7) NOT NULL DEFAULT '',
  domain VARCHAR(253) NULL,
  logo MEDIUMBLOB NULL,
  logo_type VARCHAR(32) NOT NULL DEFAULT '',
  favicon BLOB NULL,
  favicon_type VARCHAR(32) NOT NULL DEFAULT '',
  UNIQUE KEY brand_public_key (public_key),
  UNIQUE KEY brand_domain (domain),
  CONSTRAINT brand_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
