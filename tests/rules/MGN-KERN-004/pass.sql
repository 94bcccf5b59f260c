-- MGN-KERN-004 pass: nvme built in, xen-blkfront in the initramfs
INSERT INTO kernel (scan_id, release, arch, bits, initramfs_path, initramfs_readable) VALUES (1, '4.14.336-257.562.amzn2.x86_64', 'x86_64', 64, 'boot/initramfs-4.14.336-257.562.amzn2.x86_64.img', 1);
INSERT INTO kernel_drivers (scan_id, driver, in_initramfs, builtin) VALUES (1, 'nvme', 0, 1), (1, 'xen-blkfront', 1, 0);
