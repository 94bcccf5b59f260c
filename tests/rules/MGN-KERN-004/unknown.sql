-- MGN-KERN-004 unknown: the initramfs could not be read and the drivers are modules
INSERT INTO kernel (scan_id, release, arch, bits, initramfs_path, initramfs_readable, initramfs_reason) VALUES (1, '3.10.0-1160.el7.x86_64', 'x86_64', 64, 'boot/initramfs-3.10.0-1160.el7.x86_64.img', 0, 'not root: cannot read it');
INSERT INTO kernel_drivers (scan_id, driver, in_initramfs, builtin) VALUES (1, 'nvme', NULL, 0), (1, 'xen-blkfront', NULL, 0);
