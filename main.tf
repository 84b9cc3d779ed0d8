terraform {
  backend "s3" {
    bucket = "b"
    key = "k"
    region = "eu-west-1"
    profile = "proc"
    endpoints = {
      s3 = "http://127.0.0.1:18765"
      sts = "http://127.0.0.1:18765"
    }
  }
}
