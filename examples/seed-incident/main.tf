# The seed incident: `aws s3 ls --profile terraform` works, yet
# `terraform init -backend-config=env/backend.hcl` fails with AccessDenied (403).

terraform {
  # Partial configuration: the values come from env/backend.hcl (-backend-config).
  backend "s3" {}
}

# The team set the profile and the role here. The S3 backend never reads provider blocks:
# it is configured before any provider, from its own block, -backend-config and the environment.
provider "aws" {
  region  = "eu-west-1"
  profile = "terraform"

  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-access-role"
  }
}

output "ok" {
  value = true
}
