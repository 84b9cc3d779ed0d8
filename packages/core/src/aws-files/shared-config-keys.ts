// Section prefixes and key names of the shared files (aws-sdk-go-v2 config shared_config.go).

export const PROFILE_PREFIX = "profile ";
export const SSO_SECTION_PREFIX = "sso-session ";
export const SERVICES_PREFIX = "services ";
export const ACCESS_KEY_ID = "aws_access_key_id";
export const SECRET_ACCESS_KEY = "aws_secret_access_key";
export const SESSION_TOKEN = "aws_session_token";
