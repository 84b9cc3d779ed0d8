# The seed incident: `aws s3 ls --profile terraform` works, yet
# `terraform init -backend-config=env/backend.hcl` fails with AccessDenied (403).

terraform {
  # Partial configuration: the values come from env/backend.hcl (-backend-config).
  backend "s3" {}
}

# The team put the credentials and the role here. The S3 backend never reads provider blocks:
# it is configured before any provider, from its own block, -backend-config and the environment.
provider "aws" {
  region  = "eu-west-1"
  profile = "terraform-access"

  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform-access-role"
  }
}

output "ok" {
  value = true
}
