"""An S3-compatible object store for tests: moto's in-process mock of the S3 API (no network),
configured as the project's file store exactly as settings do it for ``S3_BUCKET``."""

from contextlib import contextmanager

BUCKET = "compliance-test-files"


def s3_storage_config(bucket=BUCKET, **options):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": "us-east-1",
            "access_key": "testing",
            "secret_key": "testing",  # noqa: S106 - moto's fake credentials
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            **options,
        },
    }


@contextmanager
def object_store(settings, bucket=BUCKET):
    """The default file store is an S3 bucket (moto); yields the boto3 client to look inside."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        client = boto3.client(
            "s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
        )  # noqa: S106
        client.create_bucket(Bucket=bucket)
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage_config(bucket)}
        yield client
