package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 stores files in a bucket of S3-compatible object storage.
type S3 struct {
	c      *minio.Client
	bucket string
	prefix string
}

// S3Config configures the object storage.
type S3Config struct {
	Endpoint  string // host or host:port, without a scheme
	Bucket    string
	AccessKey string
	SecretKey string
	UseSSL    bool
	Region    string // empty: asked from the storage
	Prefix    string // key prefix inside the bucket, e.g. "evidence/"
	// CreateBucket creates the bucket when it does not exist instead of
	// refusing to start.
	CreateBucket bool
}

// ErrNoBucket means the configured bucket does not exist.
var ErrNoBucket = errors.New("blob: the bucket does not exist")

// NewS3 connects to the storage and checks that the bucket exists,
// creating it when configured to.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	c, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), Secure: cfg.UseSSL, Region: cfg.Region})
	if err != nil {
		return nil, fmt.Errorf("blob: s3 endpoint %q: %w", cfg.Endpoint, err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("blob: s3 bucket %q: %w", cfg.Bucket, err)
	}
	if !ok && !cfg.CreateBucket {
		return nil, ErrNoBucket
	}
	if !ok {
		if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
			// Another server starting at the same time may have made it.
			if ok, _ := c.BucketExists(ctx, cfg.Bucket); !ok {
				return nil, fmt.Errorf("blob: s3 create bucket %q: %w", cfg.Bucket, err)
			}
		}
	}
	return &S3{c: c, bucket: cfg.Bucket, prefix: cfg.Prefix}, nil
}

// Put uploads a file; an object appears only when the upload completes.
func (s *S3) Put(ctx context.Context, key, path string, _ int64, mime string) error {
	_, err := s.c.FPutObject(ctx, s.bucket, s.prefix+key, path, minio.PutObjectOptions{ContentType: mime})
	if err != nil {
		return fmt.Errorf("blob: s3 put: %w", err)
	}
	return nil
}

// Open streams an object.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("blob: s3 get: %w", err)
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if minio.ToErrorResponse(err).Code == "NoSuchKey" {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("blob: s3 stat: %w", err)
	}
	return obj, nil
}

// Exists reports whether an object is stored.
func (s *S3) Exists(ctx context.Context, key string) (bool, error) {
	_, err := s.c.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err == nil {
		return true, nil
	}
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return false, nil
	}
	return false, fmt.Errorf("blob: s3 stat: %w", err)
}

// Delete removes an object.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := s.c.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("blob: s3 delete: %w", err)
	}
	return nil
}

// Walk lists the objects under the prefix whose names are keys.
func (s *S3) Walk(ctx context.Context, fn func(Object) error) error {
	ctx, cancel := context.WithCancel(ctx) // stops the listing when fn stops early
	defer cancel()
	for obj := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("blob: s3 list: %w", obj.Err)
		}
		key := strings.TrimPrefix(obj.Key, s.prefix)
		if !validKey(key) {
			continue
		}
		if err := fn(Object{Key: key, Size: obj.Size, ModTime: obj.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}
